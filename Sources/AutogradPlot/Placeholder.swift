// Placeholder until the Graphviz export lands.
