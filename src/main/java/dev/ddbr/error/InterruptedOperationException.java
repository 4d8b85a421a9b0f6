package dev.ddbr.error;

/** Ctrl-C during a long operation: exit 130, with the command that resumes it as the hint. */
public class InterruptedOperationException extends DdbrException {
    public InterruptedOperationException(String message, String resumeCommand) {
        super(ExitCodes.INTERRUPTED, message, resumeCommand == null ? null : "resume with: " + resumeCommand);
    }
}
