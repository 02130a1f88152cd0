import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model

from apps.access.models import Assignment
from apps.people.models import Membership, Person, PersonCategory
from tests.org.factories import UnitFactory

PASSWORD = "mat-khau-thu-nghiem-2026"


def mask(*codes: str) -> int:
    value = 0
    for category in PersonCategory.objects.filter(code__in=codes):
        value |= category.mask
    return value


class UserFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"P{n:06d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = "nam"
    birth_year = 1980
    category_mask = factory.LazyFunction(lambda: mask("dang-vien"))
    unit = factory.SubFactory(UnitFactory)

    @factory.post_generation
    def membership(self, create, extracted, **kwargs):
        if create:
            Membership.objects.create(
                person=self, unit=self.unit, start=extracted or datetime.date(2024, 1, 1)
            )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(**kwargs)
        person.refresh_computed()
        person.save()
        return person


class AssignmentFactory(factory.django.DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    role = "officer"
