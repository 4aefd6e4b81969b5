"""Read the neighbourhood of an item out of the database, for drawing and explaining."""

from dataclasses import dataclass, field

from contingent.inventory.models import Dependency, Item


@dataclass
class Need:
    dependent: int
    targets: list[int]
    min_required: int

    @property
    def redundant(self) -> bool:
        return len(self.targets) > self.min_required


@dataclass
class Closure:
    items: dict[int, Item] = field(default_factory=dict)
    needs: list[Need] = field(default_factory=list)
    depth_of: dict[int, int] = field(default_factory=dict)
    needed_by: list[Need] = field(default_factory=list)
    truncated: bool = False


def dependency_closure(root: Item, depth: int = 6, limit: int = 400) -> Closure:
    """Everything `root` needs, transitively (breadth first, at most `depth` levels and `limit` items),
    plus the items that directly need `root`."""
    closure = Closure(items={root.pk: root}, depth_of={root.pk: 0})
    frontier = [root.pk]
    for level in range(1, depth + 1):
        if not frontier:
            break
        rows = Dependency.objects.active().filter(dependent_id__in=frontier).prefetch_related("targets")
        frontier = []
        for dep in rows:
            targets = [t for t in dep.targets.all() if not t.is_retired]
            closure.needs.append(Need(dep.dependent_id, [t.pk for t in targets], dep.min_required))
            for t in targets:
                if t.pk not in closure.items:
                    if len(closure.items) >= limit:
                        closure.truncated = True
                        continue
                    closure.items[t.pk] = t
                    closure.depth_of[t.pk] = level
                    frontier.append(t.pk)
    if frontier:
        closure.truncated = True
    upstream = Dependency.objects.active().filter(targets=root).select_related("dependent").prefetch_related("targets")
    for dep in upstream:
        closure.items.setdefault(dep.dependent_id, dep.dependent)
        closure.depth_of.setdefault(dep.dependent_id, -1)
        closure.needed_by.append(Need(dep.dependent_id, [t.pk for t in dep.targets.all()], dep.min_required))
    return closure


def all_needs() -> list[Need]:
    """Every active dependency as (dependent, alternatives, k), in one query."""
    through = Dependency.targets.through
    rows = through.objects.filter(dependency__retired_at__isnull=True, item__retired_at__isnull=True).values_list(
        "dependency_id", "dependency__dependent_id", "dependency__min_required", "item_id"
    )
    by_dep: dict[int, Need] = {}
    for dep_id, dependent, k, target in rows.iterator(chunk_size=5000):
        need = by_dep.get(dep_id)
        if need is None:
            need = by_dep[dep_id] = Need(dependent, [], k)
        need.targets.append(target)
    return list(by_dep.values())


def item_label(item: Item) -> str:
    return f"{item.name} ({item.get_kind_display().lower()})"
