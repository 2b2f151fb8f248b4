"""The exceptions descheck raises: RuleError and InputError (both ValueError), with positions."""

from __future__ import annotations

from ._core import InputError, RuleError

__all__ = ["InputError", "RuleError"]

RuleError.__module__ = "descheck"
InputError.__module__ = "descheck"


def _input_error(file: str, line, column, code: str, message: str) -> InputError:
    """An InputError made in Python, shaped as the engine's: ``file:line:column: error[code]: message``."""
    where = f"{file}:{line}:{column}: " if line is not None else (f"{file}: " if file else "")
    error = InputError(f"{where}error[{code}]: {message}")
    error.file, error.line, error.column, error.code = file, line, column, code
    error.diagnostics = [(file, line, column, code, message)]
    return error
