"""Pure normalisers that turn free chat text into dates, quantities, prices and places.

They are table-driven rather than model-driven so that they behave the same in all seven
languages (lt, lv, en, pl, it, pt, ru), need no network or model files, and can be tested exhaustively.
"""
