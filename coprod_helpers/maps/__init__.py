"""Map builders. Each ``make_*_map`` is a pure function returning a folium object; it never
displays, saves or touches the network. :mod:`.offline` makes the HTML work with no internet."""
