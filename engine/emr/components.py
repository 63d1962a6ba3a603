"""What runs where on an EMR cluster: the components the course notes list, by node type.

The course notes name the EMR components (HDFS, MapReduce, Spark, Hive, HBase, Flume, ZooKeeper,
Sqoop, Oozie, Pig, Mahout, Presto, Flink, Ambari); the node-type columns follow EMR-MG (aws-facts
§8.4: the master coordinates, core nodes compute and hold HDFS, task nodes only compute).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["COMPONENTS"]

COMPONENTS = pd.DataFrame(
    [
        ("Hadoop HDFS", "Distributed file system", "NameNode", "DataNode (stores blocks)", "—"),
        ("Hadoop MapReduce", "Distributed processing", "job history", "map/reduce tasks", "map/reduce tasks"),
        (
            "YARN (not in the notes)",
            "Resource manager every engine runs on",
            "ResourceManager",
            "NodeManager, app masters",
            "NodeManager",
        ),
        ("Apache Spark", "In-memory processing", "driver (client mode)", "executors", "executors"),
        ("Hive", "SQL over files", "HiveServer2, metastore", "query tasks", "query tasks"),
        ("HBase", "Columnar datastore", "HMaster", "RegionServers (need HDFS)", "—"),
        ("Flume", "Log collection", "agents (edge)", "sinks write to HDFS", "—"),
        ("ZooKeeper", "Resource coordination", "quorum (1 or 3 masters)", "—", "—"),
        ("Sqoop", "Data transfer to/from databases", "client", "map tasks", "map tasks"),
        ("Oozie", "Workflow", "Oozie server", "launched actions", "launched actions"),
        ("Apache Pig", "Scripting", "client", "MapReduce/Tez tasks", "MapReduce/Tez tasks"),
        ("Mahout", "Machine learning library", "client", "MapReduce/Spark tasks", "MapReduce/Spark tasks"),
        ("Presto, Flink", "Also supported (notes)", "coordinator / JobManager", "workers", "workers"),
        ("Ambari", "Cluster management UI", "not an EMR application: EMR manages the cluster itself", "—", "—"),
    ],
    columns=["component", "what it does (course notes)", "master", "core (HDFS + compute)", "task (compute only)"],
)
