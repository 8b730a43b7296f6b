"""Messages of the HTTP API and the console: problem titles, access, and the service's own answers."""

MESSAGES: dict[str, tuple[str, str]] = {
    # problem titles (RFC 9457 ``title``), by the problem's type
    "problem.not-found": ("未找到", "Not found"),
    "problem.rule-violated": ("违反政策条款", "Rule violated"),
    "problem.conflict": ("与已记录的内容冲突", "Conflict"),
    "problem.invalid-input": ("输入有误", "Invalid input"),
    "problem.bad-request": ("请求有误", "Bad request"),
    "problem.unauthorized": ("未授权", "Unauthorized"),
    "problem.forbidden": ("无权操作", "Forbidden"),
    "problem.method-not-allowed": ("不支持此方法", "Method not allowed"),
    "problem.payload-too-large": ("请求内容过大", "Payload too large"),
    "problem.unsupported-media-type": ("不支持的内容类型", "Unsupported media type"),
    "problem.too-many-requests": ("请求过多", "Too many requests"),
    "problem.internal-error": ("内部错误", "Internal error"),
    "problem.unavailable": ("暂不可用", "Unavailable"),
    "problem.error": ("出错了", "Error"),
    # statuses without a message of their own
    "http.404": ("没有这个地址", "Not Found"),
    "http.405": ("此地址不支持这种请求方法", "Method Not Allowed"),
    "http.415": ("不支持的内容类型", "Unsupported Media Type"),
    "http.500": ("台账未能完成此请求。", "The ledger could not complete this request."),
    "http.503": ("服务暂不可用", "Service Unavailable"),
    "http.body_too_large": ("请求内容超过本服务接受的 {limit} 字节", "the request body is larger than the {limit} bytes this service accepts"),
    "http.unreadable_body": ("无法读取请求内容：{error}", "{error}"),
    "http.no_views": ("本服务没有运行视图", "the views are not running in this service"),
    # access (访问密钥)
    "auth.no_key": ("请提供访问密钥：Authorization: Bearer <密钥>", "send an access key: Authorization: Bearer <key>"),
    "auth.unknown_key": ("访问密钥无效或已撤销", "the access key is unknown or revoked"),
    "auth.role": ("密钥“{name}”的角色是{role}；此操作需要：{allowed}", "the key '{name}' has the {role} role; this needs: {allowed}"),
}
