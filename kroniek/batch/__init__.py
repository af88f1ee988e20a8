"""`kroniek batch`: the same per-article extraction over partitions of an archive, on a Dask cluster.

Needs the `dask` extra (dask.distributed, pyarrow, fsspec). See docs/scale.md.

    >>> from kroniek.batch import dask_client, ingest_outputs, plan_partitions, run_batch
    >>> parts, errors = plan_partitions(["archive/2019/"], split=5000)  # doctest: +SKIP
    >>> summary = run_batch(parts, "s3://bucket/out/", scheduler="tcp://scheduler:8786")  # doctest: +SKIP
    >>> print(summary.format())  # doctest: +SKIP
"""

from kroniek.batch.cluster import BatchError, BatchSummary, check_workers, dask_client, run_batch
from kroniek.batch.load import ingest_outputs
from kroniek.batch.outputs import OutputDir
from kroniek.batch.partitions import Partition, plan_partitions, read_partition
from kroniek.batch.work import PartitionReport, run_partition

__all__ = [
    "BatchError",
    "BatchSummary",
    "OutputDir",
    "Partition",
    "PartitionReport",
    "check_workers",
    "dask_client",
    "ingest_outputs",
    "plan_partitions",
    "read_partition",
    "run_batch",
    "run_partition",
]
