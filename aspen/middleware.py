"""Middleware of the whole site: cache headers and the 405 error page."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control


class NoStoreForUsersMiddleware:
    """Mark responses to logged-in users `Cache-Control: private, no-store`.

    Without it a browser may keep a page with personal records in its cache
    and show it again from the back button after the user has logged out.
    A response that sets its own Cache-Control, such as a file download, keeps
    it. Install after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class MethodNotAllowedPageMiddleware:
    """Give an empty 405 Method Not Allowed response a page that explains it.

    `require_POST` and the class-based views reject a GET to a form-only URL,
    such as the `next` address after logging in, with an empty body. The page
    keeps the status and the `Allow` header of the original response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)

        if response.status_code != 405 or response.streaming or response.content:
            return response

        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
