"""The ``Problem`` schema of the OpenAPI documents: what ``problems.py`` answers.

Only the members every problem carries are required; the extension members some
problems add are described so clients can read them, and others stay allowed.
"""

from __future__ import annotations

from typing import Any

PROBLEM_REF = "#/components/schemas/Problem"

_STRINGS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 问题详情 / problem details (application/problem+json)",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "稳定的问题类型 URI，客户端据此分支"},
        "title": {"type": "string", "description": "问题类别的标题（中文在前）"},
        "status": {"type": "integer", "description": "HTTP 状态码"},
        "detail": {"type": "string", "description": "本次问题的说明（中文在前）"},
        "instance": {"type": "string", "description": "出错请求的路径"},
        "errors": {
            "type": "array",
            "description": "逐项的校验错误 / one entry per invalid field",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "allowed_roles": {**_STRINGS, "description": "403：可执行此操作的角色"},
        "unknown_parameters": {**_STRINGS, "description": "422：不接受的查询参数"},
        "accepted_parameters": {**_STRINGS, "description": "422：本接口接受的查询参数"},
        "limit_bytes": {"type": "integer", "description": "413：请求体上限（字节）"},
        "correlation_id": {"type": "string", "description": "500：联系运维时引用的编号"},
    },
    "additionalProperties": True,
}
