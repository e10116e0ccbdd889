"""Who may see what on volunteer applications (R5, R8)."""

from log_portal.models import User
from volunteers.models import Review


def can_see_all_scores(user: User) -> bool:
    """R5: coordinators (superusers or the view_all_scores permission) see every score."""
    return bool(user.is_superuser or user.has_perm("volunteers.view_all_scores"))


def can_see_other_reviews(user: User, application_id: int) -> bool:
    """R5: a reviewer sees the others' scores on an application once they submitted their own."""
    if can_see_all_scores(user):
        return True
    return Review.objects.filter(application_id=application_id, reviewer=user).exists()
