"""Vietnamese wording for pydantic validation errors (config.toml, catalog YAML)."""
from __future__ import annotations

_REASONS = {
    "missing": "thiếu giá trị bắt buộc",
    "extra_forbidden": "tên khóa không được biết đến (gõ sai tên?)",
    "string_too_short": "quá ngắn hoặc để trống",
    "string_too_long": "quá dài",
    "string_pattern_mismatch": "không đúng định dạng",
    "string_type": "phải là chuỗi ký tự",
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "greater_than_equal": "quá nhỏ",
    "less_than_equal": "quá lớn",
    "list_type": "phải là một danh sách",
    "too_short": "danh sách không được rỗng",
    "dict_type": "phải là một nhóm khóa: giá trị",
    "model_type": "phải là một nhóm khóa: giá trị",
    "enum": "giá trị không nằm trong danh sách cho phép",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
}


def reason(err: dict) -> str:
    """One pydantic error dict -> Vietnamese reason."""
    if err["type"] == "value_error":
        # our own validators raise ValueError with a Vietnamese message
        return str(err.get("ctx", {}).get("error", err["msg"]))
    base = _REASONS.get(err["type"])
    if base is None:
        return err["msg"]
    if err["type"] in ("enum", "literal_error") and "expected" in err.get("ctx", {}):
        return f"{base} ({err['ctx']['expected']})"
    if err["type"] == "string_pattern_mismatch" and "pattern" in err.get("ctx", {}):
        return f"{base} (mẫu {err['ctx']['pattern']})"
    return base


def path(err: dict) -> str:
    return ".".join(str(p) for p in err["loc"]) or "(toàn tệp)"
