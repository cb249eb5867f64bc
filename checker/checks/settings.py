"""(being written)"""


def check_settings(cx) -> list:
    return []
