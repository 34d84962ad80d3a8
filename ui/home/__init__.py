"""首页: the chosen year at a glance, every figure a way into the list or record behind it."""
