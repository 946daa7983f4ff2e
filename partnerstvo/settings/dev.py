"""Local development and `make demo`: debug on, e-mail printed to the console."""

from .base import *

DEBUG = env_bool("DEBUG", True)
