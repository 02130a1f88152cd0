import factory

from apps.org.models import Unit, UnitKind


def kind(code: str = "chi-bo") -> UnitKind:
    return UnitKind.objects.get(code=code)


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    """Builds units through treebeard: pass `parent=` (None makes a root)."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = factory.LazyFunction(kind)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        unit = model_class(**kwargs)
        unit.refresh_computed()
        if parent is None:
            return model_class.objects.add_root(instance=unit)
        parent.refresh_from_db()
        return model_class.objects.add_child(parent, instance=unit)
