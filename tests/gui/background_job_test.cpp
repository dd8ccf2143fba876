// The app's one background-job helper: results, one-line errors, progress, the delay before the
// progress shows, cancelling, replacing and joining.
#include "gui/app/background_job.h"

#include <QSignalSpy>
#include <QtTest>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

using irscope::app::BackgroundJob;
using irscope::app::JobContext;

namespace {

// Work that runs until it is cancelled (or a minute passes, so that a broken cancel fails the
// test instead of hanging it).
int untilCancelled(JobContext& context, std::atomic<bool>& started) {
  started = true;
  for (int i = 0; i < 60000; ++i) {
    context.stopIfCancelled();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return -1;
}

bool waitFor(const std::atomic<bool>& flag) {
  return QTest::qWaitFor([&] { return flag.load(); }, 10000);
}

} // namespace

class BackgroundJobTest : public QObject {
  Q_OBJECT
private slots:
  void deliversTheResultOnTheGuiThread() {
    BackgroundJob job("the test job");
    QSignalSpy ended(&job, &BackgroundJob::ended);
    int result = 0;
    Qt::HANDLE thread = nullptr;
    job.start<int>([](JobContext&) { return 42; },
                   [&](int value) {
                     result = value;
                     thread = QThread::currentThreadId();
                   });
    QVERIFY(job.busy());
    QVERIFY(ended.wait(10000));
    QCOMPARE(result, 42);
    QCOMPARE(thread, QThread::currentThreadId());
    QVERIFY(!job.busy());
  }

  void anErrorComesBackAsOneLine() {
    BackgroundJob job("the test job");
    QSignalSpy failed(&job, &BackgroundJob::failed);
    QSignalSpy ended(&job, &BackgroundJob::ended);
    bool done = false;
    job.start<int>([](JobContext&) -> int { throw std::runtime_error("model.json: bad\nthing"); },
                   [&](int) { done = true; });
    QVERIFY(ended.wait(10000));
    QCOMPARE(failed.count(), 1);
    const QString message = failed.front().front().toString();
    QVERIFY2(!message.contains('\n'), qPrintable(message));
    QVERIFY2(message.startsWith("model.json: bad"), qPrintable(message));
    QVERIFY(!done);
  }

  void anUnknownExceptionIsNamedByTheJob() {
    BackgroundJob job("the test job");
    QSignalSpy failed(&job, &BackgroundJob::failed);
    job.start<int>([](JobContext&) -> int { throw 7; }, [](int) {});
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.front().front().toString(),
             QString("the test job failed with an unknown error"));
  }

  void cancelEndsTheJobAsCancelled() {
    BackgroundJob job("the test job");
    QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
    QSignalSpy ended(&job, &BackgroundJob::ended);
    std::atomic<bool> started{false};
    bool done = false;
    job.start<int>([&](JobContext& context) { return untilCancelled(context, started); },
                   [&](int) { done = true; });
    QVERIFY(waitFor(started));
    job.cancel();
    QVERIFY(ended.wait(10000));
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!done);
  }

  void workThatReturnsAfterACancelStillCountsAsCancelled() {
    BackgroundJob job("the test job");
    QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
    std::atomic<bool> started{false}, release{false};
    bool done = false;
    job.start<int>(
        [&](JobContext&) {
          started = true;
          while (!release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          return 1; // never looked at the flag
        },
        [&](int) { done = true; });
    QVERIFY(waitFor(started));
    job.cancel();
    release = true;
    QVERIFY(cancelled.wait(10000));
    QVERIFY(!done);
  }

  void cancelAndWaitJoinsTheWorker() {
    BackgroundJob job("the test job");
    std::atomic<bool> started{false}, finished{false};
    job.start<int>(
        [&](JobContext& context) -> int {
          started = true;
          for (;;) {
            if (context.cancelled()) {
              std::this_thread::sleep_for(std::chrono::milliseconds(50)); // slow to stop
              finished = true;
              throw irscope::app::JobCancelled();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        },
        [](int) {});
    QVERIFY(waitFor(started));
    job.cancelAndWait();
    QVERIFY(finished); // no event loop ran: the worker was joined
  }

  void theDestructorJoinsTheWorker() {
    std::atomic<bool> started{false}, finished{false};
    {
      BackgroundJob job("the test job");
      job.start<int>(
          [&](JobContext& context) {
            started = true;
            while (!context.cancelled())
              std::this_thread::sleep_for(std::chrono::milliseconds(1));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            finished = true;
            return 0;
          },
          [](int) {});
      QVERIFY(waitFor(started));
    }
    QVERIFY(finished);
  }

  void aNewJobReplacesTheRunningOne() {
    BackgroundJob job("the test job");
    QSignalSpy cancelled(&job, &BackgroundJob::cancelled);
    QSignalSpy ended(&job, &BackgroundJob::ended);
    std::atomic<bool> started{false};
    QList<int> results;
    job.start<int>([&](JobContext& context) { return untilCancelled(context, started); },
                   [&](int value) { results << value; });
    QVERIFY(waitFor(started));
    job.start<int>([](JobContext&) { return 2; }, [&](int value) { results << value; });
    QVERIFY(ended.wait(10000));
    QCOMPARE(results, QList<int>{2}); // the replaced job said nothing, not even "cancelled"
    QCOMPARE(cancelled.count(), 0);
    QCOMPARE(ended.count(), 1);
  }

  void progressShowsOnlyAfterTheDelay() {
    BackgroundJob job("the test job", nullptr, 200);
    QSignalSpy shown(&job, &BackgroundJob::progressShown);
    QSignalSpy ended(&job, &BackgroundJob::ended);
    job.start<int>([](JobContext&) { return 1; }, [](int) {});
    QVERIFY(ended.wait(10000));
    QTest::qWait(300);
    QCOMPARE(shown.count(), 0); // over before the delay: nothing flashes up

    std::atomic<bool> started{false};
    job.start<int>([&](JobContext& context) { return untilCancelled(context, started); },
                   [](int) {});
    QVERIFY(shown.wait(10000));
    job.cancel();
    QVERIFY(ended.wait(10000));
  }

  void progressCrossesOnlyWhenThePercentOrStageChanges() {
    BackgroundJob job("the test job");
    QSignalSpy progress(&job, &BackgroundJob::progress);
    QSignalSpy ended(&job, &BackgroundJob::ended);
    job.start<int>(
        [](JobContext& context) {
          for (size_t i = 0; i <= 10000; ++i)
            context.progress(i, 10000, "nodes");
          context.progress(0, 0, "writing");
          // Progress is queued: give it time to arrive while the job is still running.
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
          return 0;
        },
        [](int) {});
    QVERIFY(ended.wait(10000));
    QCOMPARE(progress.count(), 102); // 0..100% of "nodes", then "writing"
    QCOMPARE(progress.at(100).at(0).toInt(), 10000);
    QCOMPARE(progress.at(101).at(2).toString(), QString("writing"));
  }
};

QTEST_MAIN(BackgroundJobTest)
#include "background_job_test.moc"
