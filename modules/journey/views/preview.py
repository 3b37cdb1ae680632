def is_preview(request):
    """Staff see drafts too (marked as such); visitors never do."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_staff):
        return False
    # Signed in with the second factor too, as the admin itself requires.
    return bool(getattr(user, "is_verified", lambda: False)())
