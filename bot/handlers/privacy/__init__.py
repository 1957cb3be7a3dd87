"""Personal data: the privacy notice and consent gate other features call, /privacy, /mydata and /forget."""

from bot.handlers.privacy.citizen import router
from bot.handlers.privacy.consent import ConsentGate, privacy_notice

__all__ = ["ConsentGate", "privacy_notice", "router"]
