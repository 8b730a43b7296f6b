"""Messages about files and operations: import files, exports, backups, checkpoints, the views."""

MESSAGES: dict[str, tuple[str, str]] = {
    # import files
    "file.missing": ("{file}：没有这个文件", "{file}: no such file"),
    "file.xls": ("{file}：不支持旧的 .xls 格式；请另存为 .xlsx 或 CSV UTF-8",
                 "{file}: the old .xls format is not supported; save it as .xlsx or CSV UTF-8"),
    "file.utf16": ("{file} 是 UTF-16 文本；请另存为 CSV UTF-8（逗号分隔）或 .xlsx",
                   "{file} is UTF-16 text; save it as CSV UTF-8 (逗号分隔) or .xlsx"),
    "file.encoding": ("{file} 既不是 UTF-8 也不是 GBK 文本；请另存为 CSV UTF-8（逗号分隔）或 .xlsx",
                      "{file} is neither UTF-8 nor GBK text; save it as CSV UTF-8 (逗号分隔) or .xlsx"),
    "file.empty": ("{file} 是空文件：第一行须为列名", "{file} is empty: the first row must name the columns"),
    "file.csv": ("{file}：{error}", "{file}: {error}"),
    "file.csv_line": ("{file} 第 {line} 行：{error}", "{file}, line {line}: {error}"),
    "file.xlsx": ("{file} 不是可读取的 .xlsx 工作簿（{error}）", "{file} is not a readable .xlsx workbook ({error})"),
    "file.sheet_empty": ("{file}：第一个工作表是空的；第一行须为列名",
                         "{file}: the first sheet is empty; its first row must name the columns"),
    # checkpoints and verification
    "checkpoint.other_key": ("检查点由密钥 {key} 签名，不是受信任的密钥 {trusted}",
                             "the checkpoint was signed by key {key}, not by the trusted key {trusted}"),
    "checkpoint.bad_signature": ("检查点的签名与其内容不符", "the checkpoint's signature does not match its contents"),
    "checkpoint.not_verified": ("台账在位置 {position} 校验不通过（{detail}）：不在其上签署检查点",
                                "the ledger does not verify at position {position} ({detail}): no checkpoint is signed over it"),
    "checkpoint.empty": ("台账是空的：没有可签署的内容", "the ledger is empty: there is nothing to sign"),
    "checkpoint.not_a_checkpoint": ("不是检查点文件（应为格式 {format}）", "not a checkpoint file (format {format} expected)"),
    "checkpoint.malformed": ("检查点文件格式有误：{error}", "the checkpoint file is malformed: {error}"),
    "checkpoint.not_canonical": ("检查点文件格式有误：签名字段不是规范形式",
                                 "the checkpoint file is malformed: a signed field is not in its canonical form"),
    "checkpoint.key_exists": ("{path} 已存在：签名密钥从不覆盖", "{path} exists: a signing key is never overwritten"),
    "checkpoint.unreadable_key": ("无法读取签名密钥 {path}：{error}", "cannot read the signing key {path}: {error}"),
    "checkpoint.not_pem": ("{path} 不是未加密的 PEM 私钥：{error}", "{path} is not an unencrypted PEM private key: {error}"),
    "checkpoint.not_ed25519": ("{path} 不是 Ed25519 密钥", "{path} is not an Ed25519 key"),
    "checkpoint.unreadable_public_key": ("无法读取公钥 {path}：{error}", "cannot read the public key {path}: {error}"),
    "checkpoint.no_key_file": ("请将 LEDGER_SIGNING_KEY_FILE 设为运营方的 Ed25519 密钥（用 `ledger signing-key FILE` 生成）",
                               "set LEDGER_SIGNING_KEY_FILE to the operator's Ed25519 key "
                               "(make one with `ledger signing-key FILE`)"),
    "checkpoint.unreadable": ("无法读取检查点 {path}：{error}", "cannot read the checkpoint {path}: {error}"),
    "verify.memory": ("内存中的台账没有可供核对的视图", "an in-memory ledger has no stored views to verify against"),
    # views
    "view.unknown": ("未知的视图：{views}；可选：{known}", "unknown view(s) {views}; known: {known}"),
    "view.rebuild_raced": ("{views} 视图的另一次重建同时开始；本次重建已放弃",
                           "another rebuild of {views} started meanwhile; this one is abandoned"),
    "import.too_fast": ("台账变动过于频繁，未能保存这一批；请再次运行", "the ledger is changing too fast to save this batch; run it again"),
}
