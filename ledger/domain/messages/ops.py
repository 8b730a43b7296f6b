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
    # backups and restores
    "backup.exists": ("{file} 已存在：备份从不覆盖文件", "{file} exists: a backup never overwrites a file"),
    "backup.no_source": ("{file} 不存在", "{file} does not exist"),
    "backup.memory": ("memory:// 不保存任何内容，无可备份", "memory:// keeps nothing to back up"),
    "backup.memory_restore": ("memory:// 不保存任何内容，无法恢复到其中", "memory:// keeps nothing to restore into"),
    "backup.not_a_backup": ("{file} 不能在此恢复：{found}。请提供由 `ledger db backup` 从同类数据库的台账写出的文件。",
                            "{file} cannot be restored here: {found}. Give a file written by `ledger db backup` from a "
                            "ledger on the same kind of database as LEDGER_DATABASE_URL."),
    "backup.found.missing": ("没有这个文件", "there is no such file"),
    "backup.found.unreadable": ("SQLite 无法读取它（{error}）", "SQLite cannot read it ({error})"),
    "backup.found.no_events": ("它是 SQLite 数据库，但没有台账的事件", "it is an SQLite database without a ledger's events"),
    "backup.found.sqlite": ("它是 SQLite 备份，而 LEDGER_DATABASE_URL 指向 {expected}",
                            "it is an SQLite backup and LEDGER_DATABASE_URL names {expected}"),
    "backup.found.postgresql": ("它是 PostgreSQL 备份，而 LEDGER_DATABASE_URL 指向 {expected}",
                                "it is a PostgreSQL backup and LEDGER_DATABASE_URL names {expected}"),
    "backup.found.no_backup": ("它既不是 PostgreSQL 也不是 SQLite 的备份", "it is neither a PostgreSQL nor an SQLite backup"),
    "backup.target_not_empty": ("{target} 已有数据表：恢复只写入新的空数据库（PostgreSQL 用 `createdb NAME` 新建，SQLite 用新文件），"
                                "从不覆盖台账。",
                                "{target} already holds tables: a restore goes into a new, empty database (for PostgreSQL "
                                "made with `createdb NAME`, for SQLite a new file), never over a ledger."),
    "backup.other_schema": ("{file} 保存的是模式 {schema}，不是 {target}：请在 LEDGER_DATABASE_URL 中加 ?schema={schema} 恢复"
                            "（模式保留原名）。",
                            "{file} holds the schema {schema}, not {target}: restore it with ?schema={schema} in "
                            "LEDGER_DATABASE_URL (schemas keep their names)."),
    "backup.no_program": ("找不到 {program}（请安装 PostgreSQL 客户端）", "{program} is not on the PATH (install the PostgreSQL client)"),
    "backup.failed": ("{program} 失败：{error}", "{program} failed: {error}"),
    # setting the database up
    "database.memory": ("memory:// 不保存任何内容：没有可设置的数据库", "memory:// keeps nothing: there is no database to set up"),
    "database.setup_refused": ("角色 {user} 无权设置此数据库（{error}）。请以具有 CREATEROLE 的数据库所有者"
                               "（docs/OPERATIONS.md，角色）或超级用户运行 `ledger db init`。",
                               "The role {user} may not set this database up ({error}). Run `ledger db init` as the "
                               "database's owner with CREATEROLE (docs/OPERATIONS.md, Roles), or as a superuser."),
    # outages
    "store.unreachable": ("数据库暂时没有响应（{reason}）。请过几秒再试；再次发送的写入只记录一次。",
                          "The database does not answer right now ({reason}). Try again in a few seconds; a write sent "
                          "again is recorded once."),
    "store.busy": ("数据库正忙（{reason}）。请过几秒再试；再次发送的写入只记录一次。",
                   "The database is busy ({reason}). Try again in a few seconds; a write sent again is recorded once."),
    "store.full": ("数据库存储已满（{reason}）：在运维人员腾出空间之前无法再记录。读取仍可进行。",
                   "The database's storage is full ({reason}): nothing more can be recorded until an operator frees "
                   "space. Reads still work."),
}
