"""Rotation Ledger (交流轮岗台账): an event-sourced record of teacher and principal rotation."""

__version__ = "0.1.0"
