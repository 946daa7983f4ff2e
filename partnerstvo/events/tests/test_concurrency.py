"""Two people registering at once for the last seat: the event's row is locked while the seats
are counted, so one gets it and the other is put on the waiting list. Needs PostgreSQL (SQLite
has no row locks); run with DATABASE_URL=postgres://…"""

import threading

import pytest
from django.db import connection, connections

from partnerstvo.events import services
from partnerstvo.events.models import Registration

from .conftest import build_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_concurrent_registrations_cannot_both_take_the_last_seat(iskar, participant, outsider):
    event = build_event(organisations=[iskar], capacity=1)
    barrier = threading.Barrier(2)
    errors = []

    def register(user):
        try:
            barrier.wait(timeout=10)
            services.registration_create(event=event, person=user.person, actor=user)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(u,)) for u in (participant, outsider)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
