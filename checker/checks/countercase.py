"""(being written)"""


def check_countercases(cx) -> list:
    return []
