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

/** Sends the notifications of one job's MBean, each with a text as user data; sending never throws. */
public final class JobNotifier extends NotificationBroadcasterSupport {

    /** What every job emits: {@value JobMXBean#FAILED_NOTIFICATION}. */
    public static final MBeanNotificationInfo FAILED = info(JobMXBean.FAILED_NOTIFICATION,
            "A run of this job threw an exception; the user data is the error as text.");

    private static final Logger LOG = LoggerFactory.getLogger(JobNotifier.class);

    private final ObjectName source;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    /** @param declared the notifications the MBean advertises in its {@code getNotificationInfo()} */
    public JobNotifier(ObjectName source, Clock clock, MBeanNotificationInfo... declared) {
        super(declared);
        this.source = source;
        this.clock = clock;
    }

    /** The description of one notification type whose user data is a text. */
    public static MBeanNotificationInfo info(String type, String description) {
        return new MBeanNotificationInfo(new String[] {type}, Notification.class.getName(), description);
    }

    /** Sends {@value JobMXBean#FAILED_NOTIFICATION} with the error as user data. */
    public void failed(String message, String error) {
        send(JobMXBean.FAILED_NOTIFICATION, message, error);
    }

    public void send(String type, String message, String userData) {
        try {
            Notification notification = new Notification(type, source, sequence.incrementAndGet(), clock.millis(), message);
            notification.setUserData(userData);
            sendNotification(notification);
        } catch (RuntimeException e) {
            LOG.warn("Could not send {} for {}: {}", type, source, e.toString());
        }
    }
}
