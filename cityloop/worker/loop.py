"""The worker: claim queued messages, send them on a thread pool, run periodic jobs,
and evaluate the sensor rules of the datastreams ingest queued.

The rule queue (``sensing.rulequeue``) has a thread of its own, so an alert
never waits for a slow send or a long job: it drains the queue, then waits
for ingest's ``NOTIFY`` on PostgreSQL (``wakeup``) or, on SQLite, for
``CITYLOOP_RULE_QUEUE_POLL_SECONDS``, and drains it again.

Stops cleanly: after ``stop`` (SIGTERM, SIGINT) it finishes the sends and
the rule evaluations in flight, releases nothing half-done, and returns.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections

from cityloop.notify.dispatch import deliver
from cityloop.sensing import rulequeue
from cityloop.worker.heartbeat import Heartbeat
from cityloop.worker.jobs import run_due_jobs
from cityloop.worker.queue import claim_messages
from cityloop.worker.wakeup import Wakeup

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 100000}"


def _close_thread_connections(barrier: threading.Barrier) -> None:
    connections.close_all()
    # Holding the thread until every task has started forces each of the
    # pool's threads to take one.
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=5)


class Worker:
    def __init__(self, threads: int = 4, batch: int = 50, poll: float = 1.0,
                 worker_id: str | None = None):
        self.threads = threads
        self.batch = batch
        self.poll = poll
        self.worker_id = worker_id or default_worker_id()
        self.stopping = threading.Event()
        self.heartbeat = Heartbeat(self.worker_id)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="cityloop-send")

    def stop(self) -> None:
        self.stopping.set()

    def run_once(self) -> int:
        """Do whatever is due now; how many messages, jobs and queued datastreams were
        handled."""
        return rulequeue.drain(self.worker_id, stopping=self.stopping) + self._jobs_and_messages()

    def _jobs_and_messages(self) -> int:
        self.heartbeat.beat()
        done = len(run_due_jobs(self.worker_id))
        while not self.stopping.is_set():
            ids = claim_messages(self.worker_id, self.batch)
            if not ids:
                break
            list(self._pool.map(self._deliver, ids))
            done += len(ids)
            self.heartbeat.beat()  # a long burst of sends is still a live worker
        return done

    def run_forever(self) -> None:
        log.info("worker %s started with %d threads", self.worker_id, self.threads)
        rules = threading.Thread(target=self.evaluate_rules_forever, daemon=True,
                                 name="cityloop-rules")
        rules.start()
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    busy = self._jobs_and_messages()
                except Exception:  # the database went away for a moment, say
                    log.exception("worker loop failed; retrying")
                    busy = 0
                if not busy:
                    self.stopping.wait(self.poll)
        finally:
            self.stopping.set()  # the rule thread too, whatever ended this loop
            rules.join()
            with contextlib.suppress(Exception):  # the database may be what stopped us
                self.heartbeat.forget()
            self.close()
            log.info("worker %s stopped", self.worker_id)

    def evaluate_rules_forever(self) -> None:
        """The rule thread: drain the rule queue whenever woken, until stopped."""
        wakeup = Wakeup(rulequeue.CHANNEL)
        try:
            while not self.stopping.is_set():
                wakeup.listen()  # before draining: a NOTIFY sent meanwhile is not missed
                try:
                    rulequeue.drain(self.worker_id, stopping=self.stopping)
                except Exception:  # the database went away for a moment, say
                    log.exception("rule evaluation failed; retrying")
                    close_old_connections()
                    self.stopping.wait(settings.RULE_QUEUE_POLL_SECONDS)
                wakeup.wait(settings.RULE_QUEUE_POLL_SECONDS, self.stopping)
        finally:
            wakeup.close()
            connections.close_all()  # this thread's own

    def close(self) -> None:
        # Each sending thread holds its own database connection: have every
        # thread close its own before the pool goes (a PostgreSQL database
        # with open connections cannot be dropped or restarted cleanly).
        barrier = threading.Barrier(self.threads)
        for _ in range(self.threads):
            self._pool.submit(_close_thread_connections, barrier)
        self._pool.shutdown(wait=True)
        connections.close_all()

    def _deliver(self, message_id: int) -> str:
        try:
            return deliver(message_id, self.worker_id)
        finally:
            # Each pool thread has its own connection; give it back between
            # batches so a long-lived worker never holds stale ones.
            close_old_connections()
