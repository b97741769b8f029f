"""Gonghui (工会): a smart trade-union service platform."""
