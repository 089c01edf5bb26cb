from demo.cycle import create_demo_cycle
from roadmaps.management.commands.load_cycle import Command as LoadCycleCommand


class Command(LoadCycleCommand):
    help = (
        "Create, or move, the demonstration cycle so that its footprint stage is open today. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        pass

    def handle(self, *args, **options):
        self.report(create_demo_cycle(), demo=True)
