package dev.ssewatch.doctor;

/** An input that cannot be checked: unreadable, not well-formed, or not of the expected shape. */
public final class DoctorInputException extends Exception {

  public DoctorInputException(String message) {
    super(message);
  }

  public DoctorInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
