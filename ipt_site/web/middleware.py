from django.conf import settings


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Permissions-Policy, and no-store on the admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(self.admin_prefix):
            # Enquiries are health data: no admin page may be kept by a browser or proxy.
            response["Cache-Control"] = "no-store, private"
        return response
