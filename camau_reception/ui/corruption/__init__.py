"""Tố cáo tham nhũng: the protected denunciations page, its dialogs and the key ring cache."""
