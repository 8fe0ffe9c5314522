"""The Excel layer (xlwings): worksheet functions and one-click actions over the same services as the CLI.

`udfs` plain functions, `desktop_udfs` their Windows Excel registration, `actions` the buttons' work on an open
book, `entry` the desktop RunPython entry points, `server` the xlwings Server/Lite scripts and functions,
`payload` the remote-book JSON built from a real workbook (tests, local runs).
"""
