from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        # The task module registers the task CrossChecks are dispatched to (crosscheck_dispatch).
        import claims.tasks  # noqa: F401
        from accounts.roles import sync_roles_after_migrate
        from claims import checks  # noqa: F401 (registers the deployment checks)
        from claims.metrics import CrossCheckCollector
        from factcheck.metrics import metrics_collector_register

        metrics_collector_register(CrossCheckCollector())

        # Every app, not only this one: the roles also hold permissions of apps migrated later.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="claims.sync_roles")
