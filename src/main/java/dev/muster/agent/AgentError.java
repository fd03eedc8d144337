package dev.muster.agent;

/** An agent operation refused with Consul's status and text (e.g. 404 for an unknown check ID); nothing changed. */
public final class AgentError extends RuntimeException {
    private final int status;

    public AgentError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static AgentError unknownService(String id) {
        return new AgentError(404, "Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the service name.");
    }

    static AgentError unknownCheck(String id) {
        return new AgentError(404, "Unknown check ID \"" + id + "\". Ensure that the check ID is passed, not the check name.");
    }
}
