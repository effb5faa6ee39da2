"""The demo city's simulated sensor network (network, physics, simulator).

``cityloop.demo.sensors.simulator.start_simulator`` builds the network, its
rules and vital signs, simulates the last two hours and keeps the stations
reporting from a daemon thread; ``cityloop simulate-sensors`` runs it in the
foreground.
"""
