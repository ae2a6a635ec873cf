"""factory_boy factories for the shared records. Later features add theirs here."""

from __future__ import annotations

import factory

from accounts.models import Membership, Prison, Role, User
from schemes.models import Scheme, SchemeStatus, SchemeType

PASSWORD = "correct-horse-battery-staple"


class PrisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prison
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"HMP Test {n}")
    code = factory.Sequence(lambda n: "T" + "".join(chr(65 + int(d)) for d in f"{n:03d}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.justice.gov.uk")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    prison = factory.SubFactory(PrisonFactory)
    role = Role.COORDINATOR


def user_with_role(role: str, prison: Prison | None, username: str | None = None) -> User:
    """A user holding ``role`` at ``prison`` (None: the national analyst)."""
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, prison=prison, role=role)
    return user


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    prison = factory.SubFactory(PrisonFactory)
    name = factory.Sequence(lambda n: f"Scheme {n}")
    scheme_type = SchemeType.LISTENERS
    purpose = "Confidential emotional support for prisoners in distress."
    target_group = "Any prisoner, especially new arrivals."
    partner_organisation = "Samaritans"
    target_peer_supporters = 12
    minimum_peer_supporters = 6
    status = SchemeStatus.PLANNING
