"""Entry module of liaison.xlsx for the xlwings ribbon's "Run main" (it runs `import liaison; liaison.main()`).

Keep it beside liaison.xlsx. main() runs the action chosen in cell B3 of the 说明 sheet.
"""

import xlwings as xw

from xl_toolkit.excel.entry import main_action, run


def main() -> None:
    """Run the action selected on the 说明 sheet (汇总报送 when none is selected)."""
    book = xw.Book.caller()
    run(book, main_action(book))
