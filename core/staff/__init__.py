"""Staff roster (人员): people, departments, leaders, who has left."""
