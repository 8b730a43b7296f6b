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
}
