Attribute VB_Name = "XltButtons"
' xl_toolkit one-click actions for desktop Excel (Windows and macOS) through the xlwings add-in.
' Import this module into PERSONAL.XLSB (or into liaison.xlsm), add a reference to the xlwings add-in
' (VBA editor: Tools > References > xlwings), then put the macros on the Quick Access Toolbar.
' The add-in's RunPython works on the active workbook, so XltValidateReturn checks whichever return is open.
' xlwings' VBA and its DLL are tied to one xlwings version: this pin must equal the Python package's version.
' (Comments stay ASCII: VBA modules are stored in the system code page.)
Option Explicit

Public Const XLT_XLWINGS_VERSION As String = "0.37.8"

Private Function XlwingsMatches() As Boolean
    XlwingsMatches = (XLWINGS_VERSION = XLT_XLWINGS_VERSION)
    If Not XlwingsMatches Then
        MsgBox "xlwings add-in " & XLWINGS_VERSION & " <> " & XLT_XLWINGS_VERSION & _
               ": pip install xlwings==" & XLT_XLWINGS_VERSION & " && xlwings addin install", vbExclamation, "xl_toolkit"
    End If
End Function

Sub XltValidateReturn()
    If XlwingsMatches() Then RunPython "import xl_toolkit.excel.entry as xlt; xlt.validate_return()"
End Sub

Sub XltConsolidate()
    If XlwingsMatches() Then RunPython "import xl_toolkit.excel.entry as xlt; xlt.consolidate()"
End Sub

Sub XltIndicators()
    If XlwingsMatches() Then RunPython "import xl_toolkit.excel.entry as xlt; xlt.indicators()"
End Sub

Sub XltTemplates()
    If XlwingsMatches() Then RunPython "import xl_toolkit.excel.entry as xlt; xlt.templates()"
End Sub
