"""Plans: unit plans and their approval, tasks with delegation and roll-up, periodic reports and
their consolidation up the tree. Imports the apps below it (up to rollout).
"""
