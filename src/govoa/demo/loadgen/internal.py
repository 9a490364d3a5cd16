"""内部事务 (办公用品, 印章, 制度与学习, 设备) in the generated agency: after the copies, like
督办, since their open work goes through the services (the last two are bulk inserts only)."""

import random

from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.equipment import grow_equipment
from govoa.demo.loadgen.handbook import grow_handbook
from govoa.demo.loadgen.scales import Scale
from govoa.demo.loadgen.seals import grow_seals
from govoa.demo.loadgen.supplies import grow_supplies


def _branch(rng: random.Random, salt: int) -> random.Random:
    """A generator of its own, the same for the same seed, that leaves ``rng`` where it was:
    the modules grown after these draw what they drew before them."""
    branch = random.Random()  # noqa: S311  (test data, not secrets)
    branch.setstate(rng.getstate())
    branch.seed(branch.random() + salt)
    return branch


def grow_internal_affairs(org: Org, scale: Scale, rng: random.Random) -> dict[str, int]:
    grown = grow_supplies(org, scale, rng) | grow_seals(org, scale, rng)
    return (
        grown
        | grow_handbook(org, scale, _branch(rng, 1))
        | grow_equipment(org, scale, _branch(rng, 2))
    )
