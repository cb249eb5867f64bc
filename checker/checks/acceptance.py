"""(being written)"""


def check_acceptance(cx) -> list:
    return []
