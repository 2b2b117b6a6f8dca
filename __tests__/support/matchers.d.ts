// Makes cdktf's jest matcher types visible to every test file in `tsc`.
import 'cdktf/lib/testing/adapters/jest';
