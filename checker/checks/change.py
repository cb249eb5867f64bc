"""(being written)"""


def check_change_control(cx) -> list:
    return []
