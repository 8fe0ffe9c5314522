"""Chinese numerals as used in plan headings (一 … 九十九)."""

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十"


def chinese_to_int(text: str) -> int:
    """Value of a Chinese numeral below one hundred, e.g. 十六 → 16, 二十 → 20."""
    if not text or any(c not in _DIGITS and c != "十" for c in text):
        raise ValueError(f"不是中文数字：{text}")
    if "十" not in text:
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
