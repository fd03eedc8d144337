package dev.muster.state;

import dev.muster.model.NodeService;

/** A service instance and the (folded) key of the node it is registered on. */
record ServiceRef(String nodeKey, NodeService service) {
}
