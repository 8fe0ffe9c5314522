@echo off
rem xl_toolkit for WPS Office and other offices without xlwings: validate and consolidate the folder this file is in.
rem Put this file beside liaison.xlsx (the returns in the 报送表 subfolder) and double-click it.
chcp 65001 > nul
cd /d "%~dp0"
set XLT=%USERPROFILE%\xl_toolkit\.venv\Scripts\xlt.exe
"%XLT%" consolidate "报送表" --master liaison.xlsx -o "汇总表.xlsx" --json "汇总表.json"
echo.
echo 汇总表：%~dp0汇总表.xlsx
pause
