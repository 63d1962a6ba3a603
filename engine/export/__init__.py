"""What a scenario exports, shared by every lab: AWS artefacts (``aws``: the API inputs and
CloudFormation templates each lab's ``engine/<lab>/aws.py`` builds, and the checks they share)
and the load shape as a load test (``loadtest``: a Locust ``LoadTestShape`` and a k6 script)."""
