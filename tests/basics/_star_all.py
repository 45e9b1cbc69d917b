__all__ = ["shown", "also"]
shown = 1
also = 2
hidden = 3
