"""The demo's meetings, minutes and actions: all invented (mcm.demo loads them)."""
