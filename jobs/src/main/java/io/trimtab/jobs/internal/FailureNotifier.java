package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobMXBean;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends a job's {@value JobMXBean#FAILED_NOTIFICATION} notifications; sending never throws. */
final class FailureNotifier extends NotificationBroadcasterSupport {

    private static final Logger LOG = LoggerFactory.getLogger(FailureNotifier.class);
    private static final MBeanNotificationInfo INFO = new MBeanNotificationInfo(
            new String[] {JobMXBean.FAILED_NOTIFICATION}, Notification.class.getName(),
            "A run of this job threw an exception; the user data is the error as text.");

    private final ObjectName source;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    FailureNotifier(ObjectName source, Clock clock) {
        super(INFO);
        this.source = source;
        this.clock = clock;
    }

    void failed(String message, String error) {
        try {
            Notification notification = new Notification(JobMXBean.FAILED_NOTIFICATION, source,
                    sequence.incrementAndGet(), clock.millis(), message);
            notification.setUserData(error);
            sendNotification(notification);
        } catch (RuntimeException e) {
            LOG.warn("Could not send {} for {}: {}", JobMXBean.FAILED_NOTIFICATION, source, e.toString());
        }
    }
}
