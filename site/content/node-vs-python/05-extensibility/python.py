"""A miniature middleware pipeline built from decorators.

Run it with `python3 python.py`.
"""
import functools
import itertools
from typing import Callable

Handler = Callable[[dict], dict]


def request_id(handler: Handler) -> Handler:
    """Extension 1: number every request the wrapped handler answers."""
    counter = itertools.count(1)

    @functools.wraps(handler)
    def wrapper(request: dict) -> dict:
        number = next(counter)
        response = handler(request)
        response.setdefault("headers", {})["x-request-id"] = str(number)
        return response
    return wrapper


def require_key(key: str) -> Callable[[Handler], Handler]:
    """Extension 2: a configurable API-key check (a decorator factory)."""
    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def wrapper(request: dict) -> dict:
            if request.get("api_key") != key:
                return {"status": 401, "body": "denied"}
            return handler(request)
        return wrapper
    return decorate


# Decorators apply bottom-up, so the counter wraps the key check.
@request_id
@require_key("secret")
def hello(request: dict) -> dict:
    return {"status": 200, "body": f"hello, {request['user']}"}


if __name__ == "__main__":
    for api_key in ("secret", "wrong"):
        response = hello({"user": "ada", "api_key": api_key})
        print(response["status"], response["body"], response.get("headers"))
