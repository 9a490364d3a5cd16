"""内部事务 (办公用品, 印章) in the generated agency: after the copies, like 督办, since their
open work goes through the services."""

import random

from govoa.demo.loadgen.agency import Org
from govoa.demo.loadgen.scales import Scale
from govoa.demo.loadgen.seals import grow_seals
from govoa.demo.loadgen.supplies import grow_supplies


def grow_internal_affairs(org: Org, scale: Scale, rng: random.Random) -> dict[str, int]:
    return grow_supplies(org, scale, rng) | grow_seals(org, scale, rng)
